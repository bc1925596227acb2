package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsFieldTest {
    @Test
    void rowComponentsFollowTheFieldsInOrderAndName() {
        List<String> components = Arrays.stream(StatsRow.class.getRecordComponents()).map(c -> c.getName()).toList();
        List<String> fields = Arrays.stream(StatsField.values()).map(f -> f.fieldName().replace("_", "")).toList();
        assertEquals(fields, components.stream().map(String::toLowerCase).toList());
    }

    @Test
    void eachFieldReadsItsOwnComponent() {
        StatsRow.Builder builder = StatsRow.builder(StatsRow.Type.SERVER, "px", "sv");
        StatsField[] all = StatsField.values();
        for (int i = 0; i < all.length; i++) {
            switch (all[i].kind()) {
                case NUMBER -> builder.number(all[i], i);
                case TEXT -> builder.text(all[i], all[i] == StatsField.PXNAME || all[i] == StatsField.SVNAME
                        ? (i == 0 ? "px" : "sv") : "t" + i);
                case ROW_TYPE -> { }
            }
        }
        StatsRow row = builder.build();
        for (int i = 2; i < all.length; i++) {
            Object expected = switch (all[i].kind()) {
                case NUMBER -> (long) i;
                case TEXT -> "t" + i;
                case ROW_TYPE -> 2;
            };
            assertEquals(expected, all[i].valueIn(row), all[i].fieldName());
        }
    }

    @Test
    void aFieldTakesOnlyItsKindOfValue() {
        StatsRow.Builder builder = StatsRow.builder(StatsRow.Type.FRONTEND, "px", "FRONTEND");
        assertThrows(IllegalArgumentException.class, () -> builder.number(StatsField.STATUS, 1));
        assertThrows(IllegalArgumentException.class, () -> builder.text(StatsField.SCUR, "1"));
        assertThrows(IllegalArgumentException.class, () -> builder.number(StatsField.TYPE, 0));
    }
}
