# node-gyp fallback, equivalent to CMakeLists.txt (cmake-js is the primary build).
# Same target name (adjoint -> build/Release/adjoint.node), same sources (every native/**/*.cc,
# globbed by node at configure time so new files need no edit here), same defines and flags:
#   NAPI_EXPERIMENTAL + NAPI_CPP_EXCEPTIONS and deliberately NO NAPI_VERSION (Node then runs our
#   basic finalizers synchronously inside GC, see native/napi/handles.cc), C++17 with exceptions
#   and RTTI, hidden visibility, -O3 -Wall -Wextra -fno-math-errno -fcx-fortran-rules. No -march, no -ffast-math.
{
  "targets": [
    {
      "target_name": "adjoint",
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('native',{recursive:true}).map(f=>f.split(require('path').sep).join('/')).filter(f=>f.endsWith('.cc')).sort().map(f=>'native/'+f).join(' ')\")"
      ],
      "include_dirs": [ "native" ],
      "defines": [ "NAPI_EXPERIMENTAL", "NAPI_CPP_EXCEPTIONS" ],
      "cflags!": [ "-fno-exceptions", "-fno-rtti", "-Wno-unused-parameter" ],
      "cflags_cc!": [ "-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-Wno-unused-parameter" ],
      "cflags": [ "-O3", "-Wall", "-Wextra", "-fno-math-errno", "-fcx-fortran-rules", "-fvisibility=hidden" ],
      "cflags_cc": [ "-std=c++17", "-fexceptions", "-frtti", "-fvisibility-inlines-hidden" ],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "GCC_ENABLE_CPP_RTTI": "YES",
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "10.15",
        "OTHER_CFLAGS": [ "-O3", "-Wall", "-Wextra", "-fno-math-errno" ]
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": [ "/std:c++17" ] }
      }
    }
  ]
}
