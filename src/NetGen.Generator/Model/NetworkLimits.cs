namespace NetGen.Generator.Model;

/// <summary>
/// The largest networks this version's fully unrolled code supports, and how the code is cut into
/// methods. One place, so that the parser's diagnostic, the emitter and the docs agree.
/// </summary>
/// <remarks>
/// RyuJIT compiles a method without optimization (MinOpts) once it passes about 60,000 bytes of IL,
/// 20,000 IL instructions or 8,000 local references. Unrolled code costs about 9 instructions per
/// multiply-add, so the emitter cuts every layer into methods of at most <see cref="TermsPerMethod"/>
/// multiply-adds (whole rows), each far below those limits, and the parser refuses networks whose
/// total size would make compile time and code size unreasonable for straight-line code.
/// </remarks>
internal static class NetworkLimits
{
    /// <summary>Most weights (H·I + O·H) a network may have: 64-32-10 has 2,368.</summary>
    public const int MaxWeights = 4096;

    /// <summary>Most units in any one layer (inputs, hidden or outputs).</summary>
    public const int MaxLayerWidth = 1024;

    /// <summary>Multiply-adds per generated method before a layer is cut into several methods.</summary>
    public const int TermsPerMethod = 512;
}
