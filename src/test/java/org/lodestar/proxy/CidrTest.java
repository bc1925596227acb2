package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void ipv4PrefixMatches() {
        Cidr loopback = Cidr.parse("127.0.0.0/8");
        assertTrue(loopback.contains("127.1.2.3"));
        assertFalse(loopback.contains("128.0.0.1"));
        assertTrue(Cidr.parse("10.1.0.0/20").contains("10.1.15.255"));
        assertFalse(Cidr.parse("10.1.0.0/20").contains("10.1.16.0"));
    }

    @Test
    void singleAddressAndIpv6() {
        assertTrue(Cidr.parse("192.0.2.1").contains("192.0.2.1"));
        assertFalse(Cidr.parse("192.0.2.1").contains("192.0.2.2"));
        assertTrue(Cidr.parse("::1/128").contains("0:0:0:0:0:0:0:1"));
        assertFalse(Cidr.parse("::1/128").contains("127.0.0.1"));
    }

    @Test
    void hostNamesAreRejectedWithoutLookup() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.org/8"));
        assertFalse(Cidr.parse("127.0.0.0/8").contains("localhost"));
    }
}
