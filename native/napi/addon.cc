// Module entry: collects the export lists of the binding files.
#include "napi/napi.h"

namespace adj::napi {
std::vector<Export> error_exports();
std::vector<Export> fft_exports();
std::vector<Export> optim_exports();
std::vector<Export> compile_exports();
std::vector<Export> math_exports();
std::vector<Export> custom_exports(napi_env env);
std::vector<Export> op_exports();
std::vector<Export> tensor_exports();
std::vector<Export> transform_exports();
}  // namespace adj::napi

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  using namespace adj::napi;
  for (auto list : {error_exports(), op_exports(), tensor_exports(), transform_exports(), fft_exports(), optim_exports(), compile_exports(), math_exports(), custom_exports(env)}) export_all(env, exports, list);
  return exports;
}
