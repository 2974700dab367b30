namespace NetGen.Generator.Model;

/// <summary>
/// The largest networks NetGen supports, where its code stops being unrolled, and how unrolled code is
/// cut into methods. One place, so that the parser's diagnostic, the emitter and the docs agree.
/// </summary>
/// <remarks>
/// RyuJIT compiles a method without optimization (MinOpts) once it passes about 60,000 bytes of IL,
/// 20,000 IL instructions or 8,000 local references. Unrolled code costs about 9 instructions per
/// multiply-add, so the emitter cuts every unrolled layer into methods of at most
/// <see cref="TermsPerMethod"/> multiply-adds (as many whole rows as fit; a longer row is cut into pieces in the
/// gradient and update phases and stays one method of its own in the forward and delta phases), each far below
/// those limits at the unrolled bounds. Past
/// <see cref="MaxUnrolledWeights"/> weights straight-line code only grows the binary and the compile
/// time, and each layer becomes one loop with constant trip counts over SIMD vectors instead.
/// </remarks>
internal static class NetworkLimits
{
    /// <summary>Most weights (Σ_l units of layer l × units of layer l − 1) a network may have: 4096-1024-256 has 4,456,448.</summary>
    public const int MaxWeights = 16_777_216;

    /// <summary>Most hidden layers: each adds a handful of methods per phase, and deeper plain MLPs hardly train.</summary>
    public const int MaxHiddenLayers = 32;

    /// <summary>Most units in any one layer (inputs, hidden or outputs).</summary>
    public const int MaxLayerWidth = 8192;

    /// <summary>
    /// Most weights <c>Kernels.Auto</c> unrolls; SIMD loops beyond. Chosen by measurement (tests/NetGen.Benchmarks,
    /// the Kernels classes, x64 with AVX-512, 6 Dec 2026): the two kinds of code tie at 2-4-1 (12 weights), where the
    /// unrolled code is kept because it reads like the equations. Since unrolled code computes vectors of side-by-side
    /// values they trade places between 65 and 80 weights, by shape and call: unrolled against SIMD, medians, 8-8-2
    /// Forward 39.1 against 51.7 ns and TrainSample 91.6 against 111.4 ns in one run (Forward 55.6 against 56.7 ns in
    /// another), 7-7-4 (one vector of hidden units and 3 left over) Forward 50.7 against 42.1 ns and TrainSample 187 against
    /// 213 ns; ForwardBatch is the SIMD code's at both. SIMD code wins at 16-16-4 (320 weights: Forward 64.3 against
    /// 38.4 ns, TrainSample 311.3 against 124.8 ns). So the threshold stays at 64.
    /// </summary>
    public const int AutoUnrollWeights = 64;

    /// <summary>Widest layer <c>Kernels.Auto</c> unrolls.</summary>
    public const int AutoUnrollLayerWidth = 8;

    /// <summary>Most weights of a fully unrolled network (<c>Kernels.Unrolled</c>): 64-32-10 has 2,368.</summary>
    public const int MaxUnrolledWeights = 4096;

    /// <summary>Most units in any layer of a fully unrolled network.</summary>
    public const int MaxUnrolledLayerWidth = 1024;

    /// <summary>Multiply-adds per generated method before an unrolled layer is cut into several methods.</summary>
    public const int TermsPerMethod = 512;
}
