package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The test vectors of Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" specification, each also
 * reproduced with this build machine's crypt(3) (Debian 12's libxcrypt, through Python's {@code crypt}
 * module), and hashes made by {@code openssl passwd}.
 */
class ShaCryptTest {
    private static final String LONG_TEXT = "a very much longer text to encrypt.  This one even stretches over more"
            + "than one line.";

    @Test
    void sha512VectorsOfTheSpecification() {
        assertMatchesOnly("Hello world!", "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLi"
                + "BFdcbYEdFCoEOfaS35inz1");
        assertMatchesOnly("Hello world!", "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNS"
                + "nCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.");
        assertMatchesOnly("This is just a test", "$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQz"
                + "Q3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0");
        assertMatchesOnly(LONG_TEXT, "$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6Io"
                + "YN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1");
        assertMatchesOnly("we have a short salt string but not a short password", "$6$rounds=77777$short$WuQyW2YR.hBN"
                + "pjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0");
        assertMatchesOnly("a short string", "$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjm"
                + "w2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1");
    }

    @Test
    void sha256VectorsOfTheSpecification() {
        assertMatchesOnly("Hello world!", "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5");
        assertMatchesOnly("Hello world!", "$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA");
        assertMatchesOnly("This is just a test", "$5$rounds=5000$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8"
                + "mGRcvxa5");
        assertMatchesOnly(LONG_TEXT, "$5$rounds=1400$anotherlongsalts$Rx.j8H.h8HjEDGomFU8bDkXm3XIUnzyxf12oP84Bnq1");
        assertMatchesOnly("we have a short salt string but not a short password",
                "$5$rounds=77777$short$JiO1O3ZpDAxGJeaDIuqCoEFysAe1mZNJRs3pw0KQRd/");
        assertMatchesOnly("a short string", "$5$rounds=123456$asaltof16chars..$gP3VQ/6X7UUEW3HkBn2w1/Ptq2jxPyzV/cZKmF"
                + "/wJvD");
    }

    @Test
    void hashesMadeWithOpensslPasswd() {
        // openssl passwd -6 -salt abcdefgh adm1n
        assertMatchesOnly("adm1n", "$6$abcdefgh$uLRoKJ9vbT/ttH74DJRSfpHFK9TkfEwLVY1MQe2PVg/bM1Hk5fGerQ0eTJ6QTYKbv19m1F"
                + "tqtzHCGMd58AKOs1");
        // openssl passwd -5 -salt XYZsalt s3cret
        assertMatchesOnly("s3cret", "$5$XYZsalt$Nxqt74L7hzQyv25S6x9xa.3nFItQCYSWEwltrzfF7rD");
        // printf 'pässwörd' | openssl passwd -6 -salt saltsalt -stdin: a UTF-8 password, as browsers send it
        assertMatchesOnly("pässwörd", "$6$saltsalt$TQjRhpJdqmLx0U8it3EsUajwkmOMMvw5vhUFc7mohzFFoj/QHrfYUHU1oSkwyCEoTU"
                + "CDOiAOW135nel3bqtKe.");
    }

    private static void assertMatchesOnly(String password, String hash) {
        assertTrue(ShaCrypt.matches(password, hash), password + " / " + hash);
        assertFalse(ShaCrypt.matches(password + " ", hash), "a space more");
        assertFalse(ShaCrypt.matches(password.toUpperCase(java.util.Locale.ROOT), hash), "other case");
    }
}
