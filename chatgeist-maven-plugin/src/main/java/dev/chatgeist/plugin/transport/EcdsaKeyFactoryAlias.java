package dev.chatgeist.plugin.transport;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;

/**
 * sshj asks the JCE for a KeyFactory named "ECDSA", which is BouncyCastle's name for what the JDK calls "EC". So
 * that sshj need not register BouncyCastle as a provider (0.7 s of CPU in a cold JVM), this provider answers to
 * "ECDSA" with the JDK's own EC key factory. Added once per JVM, after the JDK's providers; it offers nothing else.
 */
final class EcdsaKeyFactoryAlias extends Provider {
    private static final String NAME = "ChatGeistEcdsaAlias";

    private EcdsaKeyFactoryAlias() {
        super(NAME, "1.0", "KeyFactory ECDSA = the JDK's EC key factory (for sshj without BouncyCastle)");
        putService(new Service(this, "KeyFactory", "ECDSA", EcKeyFactory.class.getName(), null, null) {
            @Override
            public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                return new EcKeyFactory();
            }
        });
    }

    /** Adds the alias unless some provider already has a KeyFactory "ECDSA" (e.g. BouncyCastle is registered). */
    static synchronized void install() {
        if (Security.getProvider(NAME) != null) {
            return;
        }
        try {
            KeyFactory.getInstance("ECDSA");
        } catch (NoSuchAlgorithmException missing) {
            Security.addProvider(new EcdsaKeyFactoryAlias());
        }
    }

    /** Every operation delegated to the JDK's "EC" key factory. */
    public static final class EcKeyFactory extends KeyFactorySpi {
        private final KeyFactory ec;

        public EcKeyFactory() {
            try {
                ec = KeyFactory.getInstance("EC");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no EC key factory", e);
            }
        }

        @Override
        protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePublic(spec);
        }

        @Override
        protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePrivate(spec);
        }

        @Override
        protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> spec) throws InvalidKeySpecException {
            return ec.getKeySpec(key, spec);
        }

        @Override
        protected Key engineTranslateKey(Key key) throws InvalidKeyException {
            return ec.translateKey(key);
        }
    }
}
