/// <summary>Hidden units 0–3:  w ← w − η (G_w/B + (λ/N) w),  b ← b − η G_b/B</summary>
[MethodImpl(MethodImplOptions.AggressiveInlining)]
private static void UpdateHiddenLayer_0To3(float[] parameters, float[] gradients, float eta, float invB, float decay)
{
    Span<float> w1 = new(parameters, W1Offset, HiddenCount * InputCount);
    Span<float> b1 = new(parameters, B1Offset, HiddenCount);
    ReadOnlySpan<float> gw1 = new(gradients, W1Offset, HiddenCount * InputCount);
    ReadOnlySpan<float> gb1 = new(gradients, B1Offset, HiddenCount);

    w1[0] -= eta * (gw1[0] * invB + decay * w1[0]);
    w1[4] -= eta * (gw1[4] * invB + decay * w1[4]);
    b1[0] -= eta * gb1[0] * invB;
    w1[1] -= eta * (gw1[1] * invB + decay * w1[1]);
    w1[5] -= eta * (gw1[5] * invB + decay * w1[5]);
    b1[1] -= eta * gb1[1] * invB;
    w1[2] -= eta * (gw1[2] * invB + decay * w1[2]);
    w1[6] -= eta * (gw1[6] * invB + decay * w1[6]);
    b1[2] -= eta * gb1[2] * invB;
    w1[3] -= eta * (gw1[3] * invB + decay * w1[3]);
    w1[7] -= eta * (gw1[7] * invB + decay * w1[7]);
    b1[3] -= eta * gb1[3] * invB;
}
