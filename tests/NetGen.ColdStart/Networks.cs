namespace NetGen.ColdStart;

// The networks of tests/NetGen.Benchmarks/ShapeBenchmarks.cs, declared the same way: default Kernels.Auto, so 2-4-1
// (the XOR shape, sigmoid) is unrolled and 784-128-10 is compiled as SIMD loops.

[Mlp(2, 4, 1)]
public partial class Net2_4_1 { }

[Mlp(784, 128, 10)]
public partial class Net784_128_10 { }
