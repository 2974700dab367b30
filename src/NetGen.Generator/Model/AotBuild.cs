using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetGen.Generator.Model;

/// <summary>
/// How the project is published, as far as it matters to the SIMD kernels: whether it is Native AOT, for which runtime,
/// and with which instruction set. Read from the MSBuild properties that NetGen.targets makes visible to the compiler
/// (<c>PublishAot</c>, <c>IlcInstructionSet</c>, <c>RuntimeIdentifier</c>, <c>NETCoreSdkRuntimeIdentifier</c>); a project
/// that does not import NetGen.targets (a project reference to the generator) reads as not Native AOT.
/// </summary>
/// <param name="PublishAot">Whether <c>PublishAot</c> is true.</param>
/// <param name="InstructionSet">The project's <c>IlcInstructionSet</c>, empty when it leaves Native AOT's default.</param>
/// <param name="RuntimeIdentifier">
/// The runtime identifier the code is compiled for: <c>RuntimeIdentifier</c>, or when that is empty (a build without
/// <c>-r</c>, which Native AOT publishes for the machine that builds) <c>NETCoreSdkRuntimeIdentifier</c>.
/// </param>
internal sealed record AotBuild(bool PublishAot, string InstructionSet, string RuntimeIdentifier)
{
    /// <summary>Not Native AOT: what a project without NetGen.targets reads as.</summary>
    public static readonly AotBuild None = new(false, "", "");

    /// <summary>
    /// Whether Native AOT compiles this project for x86-64-v2 (its default for x64 and x86 when no instruction set is
    /// given), which has no FMA instructions: every <c>VectorN.FusedMultiplyAdd</c> of the SIMD kernels is then computed
    /// in software, a lane at a time.
    /// </summary>
    public bool FusedMultiplyAddInSoftware =>
        PublishAot
        && InstructionSet.Length == 0
        && (RuntimeIdentifier.EndsWith("-x64", StringComparison.OrdinalIgnoreCase)
            || RuntimeIdentifier.EndsWith("-x86", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the properties from the project's global analyzer options.</summary>
    public static AotBuild Read(AnalyzerConfigOptions options)
    {
        string Property(string name) =>
            options.TryGetValue("build_property." + name, out string? value) && value is not null ? value.Trim() : "";

        string runtime = Property("RuntimeIdentifier");
        if (runtime.Length == 0)
        {
            runtime = Property("NETCoreSdkRuntimeIdentifier");
        }

        return new AotBuild(
            string.Equals(Property("PublishAot"), "true", StringComparison.OrdinalIgnoreCase),
            Property("IlcInstructionSet"),
            runtime);
    }
}
