namespace NetGen.Generator.Model;

/// <summary>
/// What the compilation a network lands in offers its generated code: the C# language version, and which of the
/// APIs the code would use exist among its references. Only values, read by the parser from the compilation and its
/// parse options (<see cref="Parsing.TargetReader"/>), so that it is part of the model's equality: an unrelated edit
/// leaves it equal, a change of LangVersion or of target framework regenerates.
/// </summary>
/// <param name="LanguageVersion">
/// The effective C# version, as Roslyn's <c>LanguageVersion</c> numbers it: 900 for C# 9, 1000 for C# 10, …; the
/// previews are above every release.
/// </param>
/// <param name="Intrinsics">
/// Whether <c>System.Runtime.Intrinsics.Vector128&lt;T&gt;</c>, <c>Vector256&lt;T&gt;</c> and <c>Vector512&lt;T&gt;</c> exist
/// (.NET 8 and later): the SIMD kernels need all three. Without them (.NET Standard, .NET Framework, Unity, Mono) the
/// looped layers are portable scalar kernels.
/// </param>
/// <param name="IsExternalInit">Whether <c>System.Runtime.CompilerServices.IsExternalInit</c> exists (<c>init</c> accessors, positional records).</param>
/// <param name="Span">Whether <c>System.Span&lt;T&gt;</c> exists (.NET Core 2.1, .NET Standard 2.1, or the System.Memory package).</param>
/// <param name="MathF">Whether <c>System.MathF</c> exists (not on .NET Framework or .NET Standard 2.0).</param>
/// <param name="NumericsVector">Whether <c>System.Numerics.Vector&lt;T&gt;</c> exists (.NET Standard 2.1, or the System.Numerics.Vectors package).</param>
/// <param name="UnsafeAndArrayData">
/// Whether <c>System.Runtime.CompilerServices.Unsafe</c> and <c>MemoryMarshal.GetArrayDataReference</c> exist (.NET 5
/// and later), through which the SIMD kernels reach the parameters without bounds checks.
/// </param>
internal sealed record TargetProfile(
    int LanguageVersion,
    bool Intrinsics,
    bool IsExternalInit,
    bool Span,
    bool MathF,
    bool NumericsVector,
    bool UnsafeAndArrayData)
{
    /// <summary>C# 9, the oldest version NetGen generates code for (NETGEN021 below it).</summary>
    public const int CSharp9 = 900;

    /// <summary>.NET 8 or later with C# 12: every feature the generated code can use.</summary>
    public static readonly TargetProfile Modern = new(1200, Intrinsics: true, IsExternalInit: true, Span: true, MathF: true, NumericsVector: true, UnsafeAndArrayData: true);

    /// <summary><c>file</c> types (C# 11); without them NetGen's helper classes are internal, with names unique to the network.</summary>
    public bool FileTypes => LanguageVersion >= 1100;

    /// <summary><c>record struct</c> (C# 10); without it the trainer's reports are structs with their equality written out.</summary>
    public bool RecordStructs => LanguageVersion >= 1000;

    /// <summary>
    /// Whether looped layers are the portable kernels, scalar loops with constant trip counts and array indexing, rather
    /// than the SIMD kernels, which need the intrinsics and unchecked references.
    /// </summary>
    public bool PortableKernels => !Intrinsics || !UnsafeAndArrayData;

    /// <summary>
    /// Whether the kernels index the parameter and gradient arrays directly and read span arguments once into locals,
    /// rather than cutting spans to constant lengths and viewing the arrays through spans: where there is no
    /// <c>System.Runtime.Intrinsics</c> (.NET Framework, .NET Standard, Unity, Mono), <c>Span&lt;T&gt;</c> is the System.Memory
    /// package's or a runtime's without the JIT support of .NET Core 2.1 and later, and making or indexing one costs several
    /// times an array access (2-4-1 Forward on Mono 6.8: 578 ns through spans, 235 ns through arrays).
    /// </summary>
    public bool ArrayKernels => !Intrinsics;

    /// <summary>
    /// Whether the kernels' one-sample buffers are locals of inline-array structs rather than <c>stackalloc</c>'d spans:
    /// a method with a <c>stackalloc</c> gets a stack cookie, and with it RyuJIT copies the method's span arguments into
    /// the frame and reads them back from there. At 2-4-1, TrainSample went from 102 to 78 ns with inline arrays
    /// (compare-generator.sh against 04b82c6, one run, .NET 10, AMD EPYC AVX-512, 5 Dec 2026). C# 12, and .NET 8 or
    /// later: <see cref="Intrinsics"/> (Vector512, .NET 8) implies <c>InlineArrayAttribute</c>, also .NET 8.
    /// </summary>
    public bool StackBufferStructs => LanguageVersion >= 1200 && !ArrayKernels;
}
