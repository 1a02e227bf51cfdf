// gemm_nn against a double-precision reference for every K, N in {1, 17, 300, 784} (gemm_reference.hpp) and m in {1, 2, 7, 31, 32, 33, 256}.
#include "gemm_reference.hpp"

namespace ct = ctnet::test;

BOOST_AUTO_TEST_SUITE(gemm_nn_reference)

// Split by K so that a failure names the size; the 2-thread pool exercises the column split.
BOOST_AUTO_TEST_CASE(k_1)
{
    ct::check_all_n<1>(ct::gemm_kind::nn, nullptr);
}
BOOST_AUTO_TEST_CASE(k_17)
{
    ctnet::kernels::thread_pool pool(2);
    ct::check_all_n<17>(ct::gemm_kind::nn, &pool);
}
BOOST_AUTO_TEST_CASE(k_300)
{
    ct::check_all_n<300>(ct::gemm_kind::nn, nullptr);
}
BOOST_AUTO_TEST_CASE(k_784)
{
    ctnet::kernels::thread_pool pool(2);
    ct::check_all_n<784>(ct::gemm_kind::nn, &pool);
}

BOOST_AUTO_TEST_SUITE_END()
