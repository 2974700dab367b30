/// <summary>Hidden units 0–3:  w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B</summary>
[global::System.CodeDom.Compiler.GeneratedCode("NetGen", "{NetGenVersion}")]
[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
private void UpdateHiddenLayer_0To3(float eta, float invB, float decay)
{
    global::System.Span<float> w1 = new(__parameters, W1Offset, HiddenCount * InputCount);
    global::System.Span<float> b1 = new(__parameters, B1Offset, HiddenCount);
    global::System.ReadOnlySpan<float> gw1 = new(__gradients, W1Offset, HiddenCount * InputCount);
    global::System.ReadOnlySpan<float> gb1 = new(__gradients, B1Offset, HiddenCount);

    w1[0] -= eta * (gw1[0] * invB + decay * w1[0]);
    w1[1] -= eta * (gw1[1] * invB + decay * w1[1]);
    b1[0] -= eta * gb1[0] * invB;
    w1[2] -= eta * (gw1[2] * invB + decay * w1[2]);
    w1[3] -= eta * (gw1[3] * invB + decay * w1[3]);
    b1[1] -= eta * gb1[1] * invB;
    w1[4] -= eta * (gw1[4] * invB + decay * w1[4]);
    w1[5] -= eta * (gw1[5] * invB + decay * w1[5]);
    b1[2] -= eta * gb1[2] * invB;
    w1[6] -= eta * (gw1[6] * invB + decay * w1[6]);
    w1[7] -= eta * (gw1[7] * invB + decay * w1[7]);
    b1[3] -= eta * gb1[3] * invB;
}
