using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Turns one <c>[Mlp]</c> declaration into a <see cref="NetworkModel"/> or into the diagnostics that
/// say why it cannot be generated. Never throws: a failure becomes NETGEN009.
/// </summary>
internal static class MlpParser
{
    private static readonly string[] ParameterNames = { "inputs", "hidden", "outputs" };

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return ParseCore(context, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Location location = context.TargetNode is BaseTypeDeclarationSyntax type ? type.Identifier.GetLocation() : context.TargetNode.GetLocation();
            return Fail(DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError, location, context.TargetSymbol.Name, exception.GetType().Name + ": " + exception.Message));
        }
    }

    private static ParseResult ParseCore(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not BaseTypeDeclarationSyntax declaration)
        {
            return ParseResult.Nothing;
        }

        // A declaration cut short before its name ('partial class' at the end of a file), or inside such a type or
        // namespace, is CS1001, the compiler's to report: there is nothing to generate into, and 'partial class {'
        // would not parse.
        if (IsNameless(type))
        {
            return ParseResult.Nothing;
        }

        // 'private' or 'protected' on a type in a namespace is CS1527, the compiler's to report; the generated public
        // members of such a type would only add a screenful of inconsistent-accessibility errors to it.
        if (IsTopLevelAccessibilityInvalid(type))
        {
            return ParseResult.Nothing;
        }

        // A name declared twice in one place (CS0101, CS0102: a class and a struct, a namespace or a member of that name;
        // CS0542: a type named as the type it is in) is the compiler's to report. The generated part could not say which
        // of them it extends, and its members would add errors of their own.
        if (HasNamesake(type))
        {
            return ParseResult.Nothing;
        }

        // [Mlp] twice on one type is CS0579, which the compiler reports: generate nothing for it.
        if (context.Attributes.Length != 1 || CountMlpAttributes(type) != 1)
        {
            return ParseResult.Nothing;
        }

        AttributeData attribute = context.Attributes[0];
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

        // Arguments the compiler rejects (not constant, wrong type, missing) are its errors to report.
        // Mlp(inputs, hidden, outputs) gives three ints; Mlp(params int[] layerSizes) one array (null for Mlp(null)).
        ImmutableArray<TypedConstant> arguments = attribute.ConstructorArguments;
        bool sizeList = arguments.Length == 1 && arguments[0].Kind == TypedConstantKind.Array;
        ImmutableArray<TypedConstant> sizeArguments = sizeList
            ? (arguments[0].IsNull ? ImmutableArray<TypedConstant>.Empty : arguments[0].Values)
            : arguments;
        if ((!sizeList && arguments.Length != 3) || sizeArguments.Any(a => a.Kind == TypedConstantKind.Error || a.Value is not int))
        {
            return ParseResult.Nothing;
        }

        var diagnostics = new List<DiagnosticInfo>();
        Location typeLocation = declaration.Identifier.GetLocation();

        bool kindSupported = CheckTypeKind(type, declaration, typeLocation, diagnostics);
        if (type.TypeParameters.Length > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericType, typeLocation, type.Name));
        }

        // Advice to add 'partial' only helps where a partial class is possible at all.
        if (kindSupported && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, typeLocation, type.Name));
        }

        EquatableArray<ContainingTypeModel> containingTypes = ReadContainingTypes(type, diagnostics, cancellationToken);

        int[] sizes = sizeArguments.Select(a => (int)a.Value!).ToArray();
        string sizeText = string.Join(", ", sizes.Select(n => n.ToStringInvariant()));
        bool sizesValid = true;
        if (sizes.Length < 3)
        {
            sizesValid = false;
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.TooFewSizes,
                attributeSyntax?.GetLocation() ?? typeLocation,
                sizeText,
                sizes.Length switch { 0 => "no sizes", 1 => "one size", _ => "two sizes, which leave no hidden layer" }));
        }

        for (int n = 0; n < sizes.Length; n++)
        {
            if (sizes[n] <= 0)
            {
                sizesValid = false;
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.SizeNotPositive,
                    ArgumentLocation(attributeSyntax, n, sizeList) ?? typeLocation,
                    SizeName(n, sizes.Length),
                    sizes[n].ToStringInvariant()));
            }
        }

        NumericPrecision precision = NumericPrecision.Single;
        KernelKind kernels = KernelKind.Auto;
        HiddenActivation activation = HiddenActivation.Sigmoid;
        OutputHead head = OutputHead.Sigmoid;
        OptimizerKind optimizer = OptimizerKind.Sgd;
        WeightsRequest? weights = null;
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "Weights" && named.Value.Kind != TypedConstantKind.Error)
            {
                // Resolved against the AdditionalFiles later (WeightsResolver): a null or empty name is reported there.
                weights = new WeightsRequest(
                    named.Value.Value as string ?? string.Empty,
                    LocationInfo.From(NamedArgumentLocation(attributeSyntax, named.Key) ?? typeLocation));
                continue;
            }

            if (named.Value.Kind == TypedConstantKind.Error || named.Value.Value is not int value)
            {
                continue;
            }

            if (named.Key == "Precision")
            {
                if (value is (int)NumericPrecision.Single or (int)NumericPrecision.Double)
                {
                    precision = (NumericPrecision)value;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnknownPrecision,
                        NamedArgumentLocation(attributeSyntax, named.Key) ?? typeLocation,
                        value.ToStringInvariant()));
                }
            }
            else if (named.Key == "Activation")
            {
                if (value is (int)HiddenActivation.Sigmoid or (int)HiddenActivation.Tanh or (int)HiddenActivation.Relu)
                {
                    activation = (HiddenActivation)value;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnknownActivation,
                        NamedArgumentLocation(attributeSyntax, named.Key) ?? typeLocation,
                        value.ToStringInvariant()));
                }
            }
            else if (named.Key == "Output")
            {
                if (value is (int)OutputHead.Sigmoid or (int)OutputHead.Softmax or (int)OutputHead.Linear)
                {
                    head = (OutputHead)value;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnknownOutput,
                        NamedArgumentLocation(attributeSyntax, named.Key) ?? typeLocation,
                        value.ToStringInvariant()));
                }
            }
            else if (named.Key == "Optimizer")
            {
                if (value is (int)OptimizerKind.Sgd or (int)OptimizerKind.Momentum or (int)OptimizerKind.Adam)
                {
                    optimizer = (OptimizerKind)value;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnknownOptimizer,
                        NamedArgumentLocation(attributeSyntax, named.Key) ?? typeLocation,
                        value.ToStringInvariant()));
                }
            }
            else if (named.Key == "Kernels")
            {
                if (value is (int)KernelKind.Auto or (int)KernelKind.Unrolled or (int)KernelKind.Simd)
                {
                    kernels = (KernelKind)value;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnknownKernels,
                        NamedArgumentLocation(attributeSyntax, named.Key) ?? typeLocation,
                        value.ToStringInvariant()));
                }
            }
        }

        if (!sizesValid)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        var sized = new NetworkShape(sizes.ToEquatableArray(), Activation: activation, Head: head, Optimizer: optimizer);
        if (head == OutputHead.Softmax && sized.Outputs == 1)
        {
            sizesValid = false;
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.SoftmaxNeedsTwoOutputs,
                NamedArgumentLocation(attributeSyntax, "Output") ?? typeLocation,
                type.Name));
        }

        // The bounds come first: past them the weight count that Kernels.Auto looks at can overflow even a long
        // (33 layers of int.MaxValue × int.MaxValue weights each).
        string? tooLarge = sizesValid ? WhyTooLarge(sized) : null;
        if (tooLarge is not null)
        {
            sizesValid = false;
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NetworkTooLarge,
                attributeSyntax?.GetLocation() ?? typeLocation,
                sized.SizeList,
                tooLarge));
        }

        var shape = sized with
        {
            IsUnrolled = kernels switch
            {
                KernelKind.Unrolled => true,
                KernelKind.Simd => false,
                _ => sizesValid && sized.AutoUnrolls,
            },
        };
        if (sizesValid && kernels == KernelKind.Unrolled && !shape.CanUnroll)
        {
            sizesValid = false;
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.TooLargeToUnroll,
                NamedArgumentLocation(attributeSyntax, "Kernels") ?? typeLocation,
                shape.SizeList,
                shape.Weights.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                shape.Widest.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        }

        // What the compilation offers the generated code. Without the intrinsics the looped layers are portable kernels,
        // so Kernels.Simd compiles for every target a library multi-targets; C# 8 and no Span<T> cannot be served.
        Compilation compilation = context.SemanticModel.Compilation;
        TargetProfile target = TargetReader.Read(compilation, context.TargetNode.SyntaxTree);
        if (target.LanguageVersion < TargetProfile.CSharp9)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.LanguageVersionTooOld,
                typeLocation,
                type.Name,
                ((LanguageVersion)target.LanguageVersion).ToDisplayString()));
        }

        if (!target.Span)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpanMissing, typeLocation, type.Name));
        }

        if (sizesValid)
        {
            CheckMemberNames(type, shape, context.SemanticModel.Compilation, typeLocation, diagnostics);
        }

        if (diagnostics.Count > 0)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        var model = new NetworkModel(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? string.Join(".", ns.ToDisplayString().Split('.').Select(Identifier)) : null,
            containingTypes,
            Identifier(type.Name),
            type.IsRecord ? "record" : "class",
            HintNames.For(type),
            shape,
            precision,
            compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512`1") is not null,
            compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512") is { } vector512
                && vector512.GetMembers("FusedMultiplyAdd").Any(m => m is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public }),
            weights)
        {
            Target = target,
        };
        return new ParseResult(model, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static bool IsNameless(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.Name.Length == 0)
            {
                return true;
            }
        }

        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (ns.Name.Length == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTopLevelAccessibilityInvalid(INamedTypeSymbol type)
    {
        INamedTypeSymbol outermost = type;
        while (outermost.ContainingType is not null)
        {
            outermost = outermost.ContainingType;
        }

        return outermost.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected
            or Accessibility.ProtectedOrInternal or Accessibility.ProtectedAndInternal;
    }

    private static bool HasNamesake(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.ContainingType is { } outer && outer.Name == current.Name)
            {
                return true;
            }

            // Types of another arity may share the name: Net and Net<T> are two types.
            IEnumerable<ISymbol> namesakes = current.ContainingType is { } container
                ? container.GetMembers(current.Name)
                : current.ContainingNamespace.GetMembers(current.Name);
            if (namesakes.Any(s => !SymbolEqualityComparer.Default.Equals(s, current) && !(s is INamedTypeSymbol { } other && other.Arity != current.Arity)))
            {
                return true;
            }
        }

        return false;
    }

    private static int CountMlpAttributes(INamedTypeSymbol type) =>
        type.GetAttributes().Count(a => a.AttributeClass?.ToDisplayString() == MlpGenerator.AttributeMetadataName);

    private static bool CheckTypeKind(INamedTypeSymbol type, BaseTypeDeclarationSyntax declaration, Location location, List<DiagnosticInfo> diagnostics)
    {
        string? what = type.TypeKind switch
        {
            TypeKind.Class when type.IsStatic => "a static class",
            TypeKind.Class when Roslyn43.IsFileLocal(type) => "a file-local class",
            TypeKind.Class => null,
            TypeKind.Struct when declaration is RecordDeclarationSyntax => "a record struct",
            TypeKind.Struct => "a struct",
            TypeKind.Interface => "an interface",
            TypeKind.Enum => "an enum",
            _ => "not a class",
        };

        // A file-local type cannot be extended from another file, so a part generated into it would declare a new,
        // unrelated type of the same name instead, and compile without the user's type ever getting its members.
        if (what is null && FileLocalContainer(type) is { } container)
        {
            what = "inside the file-local type '" + container.Name + "'";
        }

        if (what is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedTypeKind, location, type.Name, what));
        }

        return what is null;
    }

    private static INamedTypeSymbol? FileLocalContainer(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (Roslyn43.IsFileLocal(outer))
            {
                return outer;
            }
        }

        return null;
    }

    private static EquatableArray<ContainingTypeModel> ReadContainingTypes(
        INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var chain = new List<ContainingTypeModel>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            TypeDeclarationSyntax[] declarations = outer.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>()
                .ToArray();
            TypeDeclarationSyntax? first = declarations.FirstOrDefault();
            if (first is null || !declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ContainingTypeNotPartial,
                    first?.Identifier.GetLocation() ?? outer.Locations.FirstOrDefault(),
                    outer.Name,
                    type.Name));
                continue;
            }

            string name = outer.TypeParameters.Length == 0
                ? Identifier(outer.Name)
                : Identifier(outer.Name) + "<" + string.Join(", ", outer.TypeParameters.Select(p => Identifier(p.Name))) + ">";
            chain.Add(new ContainingTypeModel(Keyword(first), name));
        }

        chain.Reverse();
        return chain.ToEquatableArray();
    }

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
        RecordDeclarationSyntax => "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };

    /// <summary>Null when the shape is supported; otherwise what exceeds the bound.</summary>
    private static string? WhyTooLarge(NetworkShape shape)
    {
        int hiddenLayers = shape.LayerCount - 1;
        if (hiddenLayers > NetworkLimits.MaxHiddenLayers)
        {
            return "has " + hiddenLayers.ToStringInvariant() + " hidden layers";
        }

        int widest = shape.Widest;
        if (widest > NetworkLimits.MaxLayerWidth)
        {
            return "has a layer of " + widest.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " units";
        }

        long weights = shape.Weights;
        return weights > NetworkLimits.MaxWeights
            ? "has " + weights.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " weights"
            : null;
    }

    private static void CheckMemberNames(
        INamedTypeSymbol type, NetworkShape shape, Compilation compilation, Location typeLocation, List<DiagnosticInfo> diagnostics)
    {
        var generated = new HashSet<string>(Names.GeneratedMembers(shape), StringComparer.Ordinal);
        if (generated.Contains(type.Name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameConflict, typeLocation, type.Name, type.Name, "the type's own name"));
        }

        // Declared members, then inherited ones the type can see (which a generated member would hide).
        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            bool declared = SymbolEqualityComparer.Default.Equals(current, type);
            foreach (ISymbol member in current.GetMembers())
            {
                if (member.IsImplicitlyDeclared
                    || !generated.Contains(member.Name)
                    || (!declared && (member.DeclaredAccessibility == Accessibility.Private || !compilation.IsSymbolAccessibleWithin(member, type)))
                    || !reported.Add(member.Name))
                {
                    continue;
                }

                diagnostics.Add(declared
                    ? DiagnosticInfo.Create(
                        DiagnosticDescriptors.MemberNameConflict,
                        member.Locations.FirstOrDefault(l => l.IsInSource) ?? typeLocation,
                        type.Name,
                        member.Name,
                        "declared here")
                    : DiagnosticInfo.Create(
                        DiagnosticDescriptors.MemberNameConflict,
                        typeLocation,
                        type.Name,
                        member.Name,
                        "inherited from '" + current.ToDisplayString() + "'"));
            }
        }

        // A class's primary constructor parameter is in scope in all its members, where a generated member of the same
        // name would take its place: 'Step' in the user's code would then mean the generated method, not the parameter.
        // (A record's positional parameters are its properties, checked above.)
        if (type.IsRecord)
        {
            return;
        }

        foreach (ParameterSyntax parameter in type.DeclaringSyntaxReferences
                     .Select(r => r.GetSyntax())
                     .OfType<TypeDeclarationSyntax>()
                     .SelectMany(Roslyn43.PrimaryConstructorParameters))
        {
            string name = parameter.Identifier.ValueText;
            if (generated.Contains(name) && reported.Add(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.MemberNameConflict,
                    parameter.Identifier.GetLocation(),
                    type.Name,
                    name,
                    "a primary constructor parameter"));
            }
        }
    }

    /// <summary>What size <paramref name="index"/> of <paramref name="count"/> counts, for NETGEN003.</summary>
    private static string SizeName(int index, int count) =>
        index == 0 ? "inputs"
        : index == count - 1 && count > 1 ? "outputs"
        : count == 3 ? "hidden units"
        : "units of hidden layer " + index.ToStringInvariant();

    private static Location? ArgumentLocation(AttributeSyntax? attribute, int index, bool sizeList)
    {
        SeparatedSyntaxList<AttributeArgumentSyntax>? arguments = attribute?.ArgumentList?.Arguments;
        if (arguments is null)
        {
            return null;
        }

        // A named argument (hidden: 4) may stand anywhere; otherwise positions count. A size list written as an
        // array (new[] { … }, or layerSizes: …) is one argument: the type's name gets the diagnostic instead.
        AttributeArgumentSyntax? named = sizeList || index >= ParameterNames.Length
            ? null
            : arguments.Value.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == ParameterNames[index]);
        if (named is not null)
        {
            return named.GetLocation();
        }

        if (sizeList && arguments.Value.Any(a => a.NameColon is not null || a.Expression is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax || Roslyn43.IsCollectionExpression(a.Expression)))
        {
            return null;
        }

        return index < arguments.Value.Count && arguments.Value[index].NameEquals is null && arguments.Value[index].NameColon is null
            ? arguments.Value[index].GetLocation()
            : null;
    }

    private static Location? NamedArgumentLocation(AttributeSyntax? attribute, string name) =>
        attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation();

    /// <summary>A name as C# source must spell it: keywords (<c>class</c>, <c>record</c>) get an '@'.</summary>
    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    private static ParseResult Fail(DiagnosticInfo diagnostic) => new(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
}
