using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.Generator.Parsing;

/// <summary>
/// The few questions the parser asks of Roslyn whose APIs are newer than Microsoft.CodeAnalysis.CSharp 4.3.1, the
/// version the generator is built against (the oldest with <c>ForAttributeWithMetadataName</c>, and the one Unity 6
/// loads). Each answer is read from syntax that 4.3.1 already has, so it is the same in every newer compiler, where
/// the language features they concern (C# 11 file-local types, C# 12 primary constructors and collection
/// expressions) exist.
/// </summary>
internal static class Roslyn43
{
    /// <summary>
    /// Whether <paramref name="type"/> is file-local (<c>file class C</c>): what <c>INamedTypeSymbol.IsFileLocal</c>
    /// (Roslyn 4.4) says. Every declaration of a file-local type carries the <c>file</c> modifier.
    /// </summary>
    public static bool IsFileLocal(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(reference =>
            reference.GetSyntax() is BaseTypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(modifier => modifier.ValueText == "file"));

    /// <summary>
    /// The parameters of a class's or struct's primary constructor (C# 12): <c>TypeDeclarationSyntax.ParameterList</c>
    /// (Roslyn 4.8), which is the declaration's one direct child that is a parameter list (a method's parameter list
    /// is a grandchild).
    /// </summary>
    public static IEnumerable<ParameterSyntax> PrimaryConstructorParameters(TypeDeclarationSyntax declaration) =>
        declaration.ChildNodes().OfType<ParameterListSyntax>().SelectMany(list => list.Parameters);

    /// <summary>Whether <paramref name="expression"/> is a C# 12 collection expression (<c>[2, 4, 1]</c>), whose syntax type Roslyn 4.3.1 lacks.</summary>
    public static bool IsCollectionExpression(ExpressionSyntax expression) =>
        expression.Kind().ToString() == "CollectionExpression";
}
