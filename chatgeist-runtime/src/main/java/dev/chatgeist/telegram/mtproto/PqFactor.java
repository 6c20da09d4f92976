package dev.chatgeist.telegram.mtproto;

import java.math.BigInteger;

/** Splits the server's pq (a product of two primes below 2^32) with Pollard's rho, Brent's variant. */
public final class PqFactor {
    private PqFactor() {}

    /** The smaller factor p; q = pq / p. */
    public static long smallerFactor(long pq) {
        if (pq % 2 == 0) {
            return 2;
        }
        for (long c = 1; c < 64; c++) {
            long d = brent(pq, c);
            if (d != 1 && d != pq) {
                return Math.min(d, pq / d);
            }
        }
        throw new SecurityException("cannot factor pq " + pq);
    }

    private static long brent(long n, long c) {
        long y = 2;
        long r = 1;
        long q = 1;
        long g = 1;
        long x = 0;
        long ys = 0;
        int m = 128;
        while (g == 1) {
            x = y;
            for (long i = 0; i < r; i++) {
                y = step(y, c, n);
            }
            long k = 0;
            while (k < r && g == 1) {
                ys = y;
                for (long i = 0; i < Math.min(m, r - k); i++) {
                    y = step(y, c, n);
                    q = mulMod(q, Math.abs(x - y), n);
                }
                g = gcd(q, n);
                k += m;
            }
            r *= 2;
        }
        if (g == n) {
            do {
                ys = step(ys, c, n);
                g = gcd(Math.abs(x - ys), n);
            } while (g == 1);
        }
        return g;
    }

    private static long step(long y, long c, long n) {
        return (mulMod(y, y, n) + c) % n;
    }

    private static long mulMod(long a, long b, long n) {
        return BigInteger.valueOf(a)
                .multiply(BigInteger.valueOf(b))
                .mod(BigInteger.valueOf(n))
                .longValue();
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
