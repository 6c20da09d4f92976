package dev.chatgeist.telegram.mtproto;

import java.math.BigInteger;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checks the spec requires of Diffie-Hellman parameters from a server (key exchange and SRP): p a safe 2048-bit
 * prime, g in 2..7 generating the subgroup of order (p-1)/2, and exchanged values g^x well inside (1, p-1).
 */
public final class DhPrime {
    private static final BigInteger TWO = BigInteger.TWO;
    /** 2^(2048-64): the margin the spec demands around g_a and g_b. */
    private static final BigInteger MARGIN = TWO.pow(2048 - 64);

    private static final Set<BigInteger> KNOWN_GOOD = ConcurrentHashMap.newKeySet();

    private DhPrime() {}

    /** Throws {@link SecurityException} unless (g, p) are acceptable. */
    public static void check(int g, BigInteger p) {
        if (p.bitLength() != 2048) {
            throw new SecurityException("DH prime is not 2048 bits long");
        }
        if (!generatorFits(g, p)) {
            throw new SecurityException("DH generator " + g + " does not generate the subgroup of order (p-1)/2");
        }
        if (!KNOWN_GOOD.contains(p)) {
            if (!p.isProbablePrime(64)
                    || !p.subtract(BigInteger.ONE).shiftRight(1).isProbablePrime(64)) {
                throw new SecurityException("DH prime is not a safe prime");
            }
            KNOWN_GOOD.add(p);
        }
    }

    private static boolean generatorFits(int g, BigInteger p) {
        return switch (g) {
            case 2 -> p.mod(BigInteger.valueOf(8)).intValue() == 7;
            case 3 -> p.mod(BigInteger.valueOf(3)).intValue() == 2;
            case 4 -> true;
            case 5 -> {
                int r = p.mod(BigInteger.valueOf(5)).intValue();
                yield r == 1 || r == 4;
            }
            case 6 -> {
                int r = p.mod(BigInteger.valueOf(24)).intValue();
                yield r == 19 || r == 23;
            }
            case 7 -> {
                int r = p.mod(BigInteger.valueOf(7)).intValue();
                yield r == 3 || r == 5 || r == 6;
            }
            default -> false;
        };
    }

    /** 1 < v < p-1, and 2^{2048-64} <= v <= p - 2^{2048-64}. */
    public static void checkExchanged(BigInteger v, BigInteger p, String name) {
        if (v.compareTo(BigInteger.ONE) <= 0
                || v.compareTo(p.subtract(BigInteger.ONE)) >= 0
                || v.compareTo(MARGIN) < 0
                || v.compareTo(p.subtract(MARGIN)) > 0) {
            throw new SecurityException(name + " is outside the range the spec allows");
        }
    }
}
