/// <summary>Hidden units 0–3:  w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B</summary>
[MethodImpl(MethodImplOptions.AggressiveInlining)]
private static void UpdateHiddenLayer_0To3(float[] parameters, float[] gradients, float eta, float invB, float decay)
{
    Span<float> w1 = new(parameters, W1Offset, HiddenCount * InputCount);
    Span<float> b1 = new(parameters, B1Offset, HiddenCount);
    ReadOnlySpan<float> gw1 = new(gradients, W1Offset, HiddenCount * InputCount);
    ReadOnlySpan<float> gb1 = new(gradients, B1Offset, HiddenCount);

    // 4 values at a time in a Vector128 where they are side by side; each lane does its scalar statement's operations in order.
    Vector128<float> w1_0To3 = Load(w1, 0);
    Store(w1, 0, w1_0To3 - eta * (Load(gw1, 0) * invB + decay * w1_0To3));
    Vector128<float> w1_4To7 = Load(w1, 4);
    Store(w1, 4, w1_4To7 - eta * (Load(gw1, 4) * invB + decay * w1_4To7));
    Store(b1, 0, Load(b1, 0) - eta * Load(gb1, 0) * invB);
}
