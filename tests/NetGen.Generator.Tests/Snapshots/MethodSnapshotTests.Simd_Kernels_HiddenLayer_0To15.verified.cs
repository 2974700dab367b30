/// <summary>Hidden units:  a_j = Σ_i w_ji x_i + b_j,  w_ji = W1[j·InputCount + i]: calls the kernel for the widest vectors the machine accelerates.</summary>
[global::System.CodeDom.Compiler.GeneratedCode("NetGen", "{NetGenVersion}")]
[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
private void HiddenLayer_0To15(global::System.ReadOnlySpan<float> x, global::System.Span<float> a1)
{
    if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
    {
        HiddenLayer_0To15_V512(x, a1);
    }
    else if (global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
    {
        HiddenLayer_0To15_V256(x, a1);
    }
    else
    {
        HiddenLayer_0To15_V128(x, a1);
    }
}
