using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Reads the <see cref="TargetProfile"/> of the compilation an <c>[Mlp]</c> declaration lands in: the language version
/// of its syntax tree's parse options, and which APIs its references define (looked up by metadata name, so a
/// polyfill the project declares itself counts too).
/// </summary>
internal static class TargetReader
{
    public static TargetProfile Read(Compilation compilation, SyntaxTree tree)
    {
        // The effective version: Default, Latest and LatestMajor are already mapped to a number by the compiler.
        int version = tree.Options is CSharpParseOptions parse ? (int)parse.LanguageVersion : TargetProfile.Modern.LanguageVersion;
        return new TargetProfile(
            version,
            Intrinsics: Has(compilation, "System.Runtime.Intrinsics.Vector128`1")
                && Has(compilation, "System.Runtime.Intrinsics.Vector256`1")
                && Has(compilation, "System.Runtime.Intrinsics.Vector512`1"),
            IsExternalInit: Has(compilation, "System.Runtime.CompilerServices.IsExternalInit"),
            Span: Has(compilation, "System.Span`1") && Has(compilation, "System.ReadOnlySpan`1"),
            MathF: Has(compilation, "System.MathF"),
            NumericsVector: Has(compilation, "System.Numerics.Vector`1"),
            UnsafeAndArrayData: Has(compilation, "System.Runtime.CompilerServices.Unsafe")
                && compilation.GetTypeByMetadataName("System.Runtime.InteropServices.MemoryMarshal") is { } marshal
                && marshal.GetMembers("GetArrayDataReference").Any(m => m.DeclaredAccessibility == Accessibility.Public));
    }

    /// <summary>
    /// Whether the type exists and the compilation may use it: .NET Framework's mscorlib has an internal MathF, which
    /// does not count; a project's own internal polyfill (IsExternalInit, say) does.
    /// </summary>
    private static bool Has(Compilation compilation, string metadataName) =>
        compilation.GetTypeByMetadataName(metadataName) is { } type && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly);
}
