/// <summary>
/// Hidden units:  ∂ℓ/∂w_ji += Σ_s δ_sj x_si,  ∂ℓ/∂b_j += Σ_s δ_sj, the samples s in order:
/// sample s's inputs at s·InputCount, its deltas at s·HiddenCount; a tile of G (rows of W as stored) held in
/// registers while every sample's products are added, so each vector of G is loaded and stored once;
/// 16 lanes (Vector512) at a time.
/// </summary>
private static void AccumulateHiddenGradientsBatch_0To31_V512(Span<float> gradients, ReadOnlySpan<float> x, ReadOnlySpan<float> d1, int samples)
{
    x = x.Slice(0, samples * InputCount);
    d1 = d1.Slice(0, samples * HiddenCount);
    ref float g = ref MemoryMarshal.GetReference(gradients);
    ref float rx = ref MemoryMarshal.GetReference(x);
    ref float rd = ref MemoryMarshal.GetReference(d1);
    int i = 0;
    // 4 rows of G at a time: i … i + 3
    for (; i <= InputCount - 4; i += 4)
    {
        int j = 0;
        for (; j <= HiddenCount - 32; j += 32)
        {
            int at0 = W1Offset + (i * HiddenCount) + j;
            int at1 = at0 + HiddenCount;
            int at2 = at1 + HiddenCount;
            int at3 = at2 + HiddenCount;
            Vector512<float> g00 = Vector512.LoadUnsafe(ref g, (nuint)(at0));
            Vector512<float> g01 = Vector512.LoadUnsafe(ref g, (nuint)(at0 + 16));
            Vector512<float> g10 = Vector512.LoadUnsafe(ref g, (nuint)(at1));
            Vector512<float> g11 = Vector512.LoadUnsafe(ref g, (nuint)(at1 + 16));
            Vector512<float> g20 = Vector512.LoadUnsafe(ref g, (nuint)(at2));
            Vector512<float> g21 = Vector512.LoadUnsafe(ref g, (nuint)(at2 + 16));
            Vector512<float> g30 = Vector512.LoadUnsafe(ref g, (nuint)(at3));
            Vector512<float> g31 = Vector512.LoadUnsafe(ref g, (nuint)(at3 + 16));
            for (int s = 0; s < samples; s++)
            {
                int inputAt = s * InputCount + i, deltaAt = s * HiddenCount + j;
                Vector512<float> delta0 = Vector512.LoadUnsafe(ref rd, (nuint)(deltaAt));
                Vector512<float> delta1 = Vector512.LoadUnsafe(ref rd, (nuint)(deltaAt + 16));
                Vector512<float> input0 = Vector512.Create(Unsafe.Add(ref rx, inputAt));
                g00 = Vector512.FusedMultiplyAdd(input0, delta0, g00);
                g01 = Vector512.FusedMultiplyAdd(input0, delta1, g01);
                Vector512<float> input1 = Vector512.Create(Unsafe.Add(ref rx, inputAt + 1));
                g10 = Vector512.FusedMultiplyAdd(input1, delta0, g10);
                g11 = Vector512.FusedMultiplyAdd(input1, delta1, g11);
                Vector512<float> input2 = Vector512.Create(Unsafe.Add(ref rx, inputAt + 2));
                g20 = Vector512.FusedMultiplyAdd(input2, delta0, g20);
                g21 = Vector512.FusedMultiplyAdd(input2, delta1, g21);
                Vector512<float> input3 = Vector512.Create(Unsafe.Add(ref rx, inputAt + 3));
                g30 = Vector512.FusedMultiplyAdd(input3, delta0, g30);
                g31 = Vector512.FusedMultiplyAdd(input3, delta1, g31);
            }

            Vector512.StoreUnsafe(g00, ref g, (nuint)(at0));
            Vector512.StoreUnsafe(g01, ref g, (nuint)(at0 + 16));
            Vector512.StoreUnsafe(g10, ref g, (nuint)(at1));
            Vector512.StoreUnsafe(g11, ref g, (nuint)(at1 + 16));
            Vector512.StoreUnsafe(g20, ref g, (nuint)(at2));
            Vector512.StoreUnsafe(g21, ref g, (nuint)(at2 + 16));
            Vector512.StoreUnsafe(g30, ref g, (nuint)(at3));
            Vector512.StoreUnsafe(g31, ref g, (nuint)(at3 + 16));
        }
    }

    // The biases, G_b += δ for each sample in order: the same additions on every lane as one at a time
    {
        int j = 0;
        for (; j <= HiddenCount - 16; j += 16)
        {
            Vector512<float> gb = Vector512.LoadUnsafe(ref g, (nuint)(B1Offset + j));
            for (int s = 0; s < samples; s++)
            {
                gb += Vector512.LoadUnsafe(ref rd, (nuint)(s * HiddenCount + j));
            }

            Vector512.StoreUnsafe(gb, ref g, (nuint)(B1Offset + j));
        }
    }
}
