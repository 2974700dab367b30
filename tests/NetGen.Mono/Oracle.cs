using System;

namespace NetGen.Mono
{
    /// <summary>
    /// The network of a <see cref="NetGen.Portable.Spec"/> written as the equations read, in double, over the generated
    /// parameter layout: layer by layer W_l then b_l, W1 input-major (w_ji at i·(units of layer 1) + j) and every later W_l
    /// row-major (w_ji at j·(units below) + i). Loops only, nothing shared with the generated code.
    /// </summary>
    public sealed class Oracle
    {
        private readonly int[] sizes;
        private readonly string activation;
        private readonly string head;

        public Oracle(int[] sizes, string activation, string head)
        {
            this.sizes = sizes;
            this.activation = activation;
            this.head = head;
        }

        public int ParameterCount
        {
            get
            {
                int count = 0;
                for (int l = 1; l < sizes.Length; l++)
                {
                    count += (sizes[l] * sizes[l - 1]) + sizes[l];
                }

                return count;
            }
        }

        /// <summary>The sums a of the output layer.</summary>
        public double[] OutputSums(double[] theta, double[] x)
        {
            double[] values = x;
            int offset = 0;
            for (int l = 1; l < sizes.Length; l++)
            {
                int units = sizes[l], below = sizes[l - 1];
                var a = new double[units];
                for (int j = 0; j < units; j++)
                {
                    double sum = theta[offset + (units * below) + j];
                    for (int i = 0; i < below; i++)
                    {
                        int at = l == 1 ? (i * units) + j : (j * below) + i;
                        sum += theta[offset + at] * values[i];
                    }

                    a[j] = sum;
                }

                offset += (units * below) + units;
                if (l == sizes.Length - 1)
                {
                    return a;
                }

                for (int j = 0; j < units; j++)
                {
                    a[j] = activation == "tanh" ? Math.Tanh(a[j]) : activation == "relu" ? Math.Max(0, a[j]) : 1 / (1 + Math.Exp(-a[j]));
                }

                values = a;
            }

            throw new InvalidOperationException("no layers");
        }

        public double[] Forward(double[] theta, double[] x)
        {
            double[] a = OutputSums(theta, x);
            var y = new double[a.Length];
            if (head == "softmax")
            {
                double max = double.NegativeInfinity, sum = 0;
                foreach (double v in a)
                {
                    max = Math.Max(max, v);
                }

                for (int k = 0; k < a.Length; k++)
                {
                    y[k] = Math.Exp(a[k] - max);
                    sum += y[k];
                }

                for (int k = 0; k < a.Length; k++)
                {
                    y[k] /= sum;
                }
            }
            else
            {
                for (int k = 0; k < a.Length; k++)
                {
                    y[k] = head == "identity" ? a[k] : 1 / (1 + Math.Exp(-a[k]));
                }
            }

            return y;
        }

        /// <summary>One sample's loss: binary cross-entropy, categorical cross-entropy, or half squared error.</summary>
        public double Loss(double[] theta, double[] x, double[] t)
        {
            double[] y = Forward(theta, x);
            double loss = 0;
            for (int k = 0; k < y.Length; k++)
            {
                loss += head == "softmax" ? -t[k] * Math.Log(y[k])
                    : head == "identity" ? 0.5 * (y[k] - t[k]) * (y[k] - t[k])
                    : -((t[k] * Math.Log(y[k])) + ((1 - t[k]) * Math.Log(1 - y[k])));
            }

            return loss;
        }

        /// <summary>∂ℓ/∂θ by central differences, (ℓ(θ + h e_n) − ℓ(θ − h e_n)) / 2h.</summary>
        public double[] CentralDifferences(double[] theta, double[] x, double[] t, double h)
        {
            var gradient = new double[theta.Length];
            var probe = (double[])theta.Clone();
            for (int n = 0; n < theta.Length; n++)
            {
                probe[n] = theta[n] + h;
                double up = Loss(probe, x, t);
                probe[n] = theta[n] - h;
                double down = Loss(probe, x, t);
                probe[n] = theta[n];
                gradient[n] = (up - down) / (2 * h);
            }

            return gradient;
        }
    }
}
