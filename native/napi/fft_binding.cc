// The FFT library's accuracy self-test (native/fft/selftest.h), for test/fft-accuracy.test.ts:
// the error of one transform against a long-double reference, computed natively because a JS
// reference in double precision could not resolve errors of ~1e-16.
#include "core/error.h"
#include "fft/selftest.h"
#include "napi/napi.h"

namespace adj::napi {

namespace {

// fftSelftest(n, single, kind, seed) → relative RMS error (kind: 0 c2c forward, 1 c2c backward,
// 2 r2c, 3 c2r)
napi_value fft_selftest(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const int64_t n = a.i64(0), kind = a.i64(2);
    if (n < 1 || kind < 0 || kind > 3) throw Error(ErrorKind::Argument, "fftSelftest: bad n or kind");
    return make_number(env, fft::selftest(n, a.boolean(1), static_cast<int>(kind), static_cast<uint64_t>(a.i64(3))));
  });
}

// fftSelftestBatched(outer, n, inner, single, kind, inPlace, seed) → the worst column's error
napi_value fft_selftest_batched(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const int64_t outer = a.i64(0), n = a.i64(1), inner = a.i64(2), kind = a.i64(4);
    if (n < 1 || outer < 0 || inner < 0 || kind < 0 || kind > 3) throw Error(ErrorKind::Argument, "fftSelftestBatched: bad sizes or kind");
    return make_number(env, fft::selftest_batched(outer, n, inner, a.boolean(3), static_cast<int>(kind), a.boolean(5),
                                                  static_cast<uint64_t>(a.i64(6))));
  });
}

}  // namespace

std::vector<Export> fft_exports() { return {{"fftSelftest", fft_selftest}, {"fftSelftestBatched", fft_selftest_batched}}; }

}  // namespace adj::napi
