/// <summary>
/// Hidden units:  w ← w − η (δ · input + (λ/N) w),  b ← b − η δ, a block of units' deltas held while each row of W (one input) takes them;
/// 8 lanes (Vector512) at a time.
/// </summary>
private static void TrainHiddenLayer_0To127_V512(Span<double> parameters, ReadOnlySpan<double> x, ReadOnlySpan<double> d1, double eta, double decay)
{
    x = x.Slice(0, InputCount);
    d1 = d1.Slice(0, HiddenCount);
    ref double p = ref MemoryMarshal.GetReference(parameters);
    ref double rx = ref MemoryMarshal.GetReference(x);
    ref double rd = ref MemoryMarshal.GetReference(d1);
    Vector512<double> eta512 = Vector512.Create(eta);
    Vector512<double> minusEta512 = Vector512.Create(-eta);   // w − η(s + (λ/N)w) = w + (−η)((λ/N)w + s)
    Vector512<double> decay512 = Vector512.Create(decay);
    int j = 0;
    // Units j to j + 127: 16 × Vector512, a block at a time
    for (; j <= HiddenCount - 128; j += 128)
    {
        Vector512<double> delta0 = Vector512.LoadUnsafe(ref rd, (nuint)(j));
        Vector512<double> delta1 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 8));
        Vector512<double> delta2 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 16));
        Vector512<double> delta3 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 24));
        Vector512<double> delta4 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 32));
        Vector512<double> delta5 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 40));
        Vector512<double> delta6 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 48));
        Vector512<double> delta7 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 56));
        Vector512<double> delta8 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 64));
        Vector512<double> delta9 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 72));
        Vector512<double> delta10 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 80));
        Vector512<double> delta11 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 88));
        Vector512<double> delta12 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 96));
        Vector512<double> delta13 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 104));
        Vector512<double> delta14 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 112));
        Vector512<double> delta15 = Vector512.LoadUnsafe(ref rd, (nuint)(j + 120));
        for (int i = 0; i < InputCount; i++)
        {
            Vector512<double> input512 = Vector512.Create(Unsafe.Add(ref rx, i));
            int row = W1Offset + (i * HiddenCount) + j;
            Vector512<double> w0 = Vector512.LoadUnsafe(ref p, (nuint)(row));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w0, (input512 * delta0)), w0),
                ref p, (nuint)(row));
            Vector512<double> w1 = Vector512.LoadUnsafe(ref p, (nuint)(row + 8));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w1, (input512 * delta1)), w1),
                ref p, (nuint)(row + 8));
            Vector512<double> w2 = Vector512.LoadUnsafe(ref p, (nuint)(row + 16));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w2, (input512 * delta2)), w2),
                ref p, (nuint)(row + 16));
            Vector512<double> w3 = Vector512.LoadUnsafe(ref p, (nuint)(row + 24));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w3, (input512 * delta3)), w3),
                ref p, (nuint)(row + 24));
            Vector512<double> w4 = Vector512.LoadUnsafe(ref p, (nuint)(row + 32));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w4, (input512 * delta4)), w4),
                ref p, (nuint)(row + 32));
            Vector512<double> w5 = Vector512.LoadUnsafe(ref p, (nuint)(row + 40));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w5, (input512 * delta5)), w5),
                ref p, (nuint)(row + 40));
            Vector512<double> w6 = Vector512.LoadUnsafe(ref p, (nuint)(row + 48));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w6, (input512 * delta6)), w6),
                ref p, (nuint)(row + 48));
            Vector512<double> w7 = Vector512.LoadUnsafe(ref p, (nuint)(row + 56));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w7, (input512 * delta7)), w7),
                ref p, (nuint)(row + 56));
            Vector512<double> w8 = Vector512.LoadUnsafe(ref p, (nuint)(row + 64));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w8, (input512 * delta8)), w8),
                ref p, (nuint)(row + 64));
            Vector512<double> w9 = Vector512.LoadUnsafe(ref p, (nuint)(row + 72));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w9, (input512 * delta9)), w9),
                ref p, (nuint)(row + 72));
            Vector512<double> w10 = Vector512.LoadUnsafe(ref p, (nuint)(row + 80));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w10, (input512 * delta10)), w10),
                ref p, (nuint)(row + 80));
            Vector512<double> w11 = Vector512.LoadUnsafe(ref p, (nuint)(row + 88));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w11, (input512 * delta11)), w11),
                ref p, (nuint)(row + 88));
            Vector512<double> w12 = Vector512.LoadUnsafe(ref p, (nuint)(row + 96));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w12, (input512 * delta12)), w12),
                ref p, (nuint)(row + 96));
            Vector512<double> w13 = Vector512.LoadUnsafe(ref p, (nuint)(row + 104));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w13, (input512 * delta13)), w13),
                ref p, (nuint)(row + 104));
            Vector512<double> w14 = Vector512.LoadUnsafe(ref p, (nuint)(row + 112));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w14, (input512 * delta14)), w14),
                ref p, (nuint)(row + 112));
            Vector512<double> w15 = Vector512.LoadUnsafe(ref p, (nuint)(row + 120));
            Vector512.StoreUnsafe(
                Vector512.FusedMultiplyAdd(minusEta512, Vector512.FusedMultiplyAdd(decay512, w15, (input512 * delta15)), w15),
                ref p, (nuint)(row + 120));
        }
    }

    // The biases, b ← b − η δ: the same two roundings on every lane as one at a time.
    j = 0;
    for (; j <= HiddenCount - 8; j += 8)
    {
        Vector512.StoreUnsafe(
            Vector512.LoadUnsafe(ref p, (nuint)(B1Offset + j)) - (eta512 * Vector512.LoadUnsafe(ref rd, (nuint)(j))),
            ref p, (nuint)(B1Offset + j));
    }
}
