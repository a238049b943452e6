package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Amounts (PROTOCOL.md §1): decimal digit strings up to 2^63-1; exact, overflow-checked arithmetic. */
class AmountTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "200", "1000000", "9223372036854775807"})
    void shouldParseDecimalDigitsAndPrintThemBack(String wire) {
        assertThat(Amount.parse(wire).toString()).isEqualTo(wire);
    }

    @Test
    void shouldParseTheLargestAmount() {
        assertThat(Amount.parse("9223372036854775807").units()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-1", "+1", "1.0", "1.5", ".5", "1e3", "1E3", " 1", "1 ", "1_000", "0x10", "01", "00",
        "0200", "9223372036854775808", "10000000000000000000", "99999999999999999999", "١٢", "NaN", "Infinity"})
    void shouldRefuseAnythingButDigitsWithoutLeadingZerosUpTo2To63Minus1(String wire) {
        assertThatThrownBy(() -> Amount.parse(wire)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("must");
    }

    @Test
    void shouldAddAndSubtractExactly() {
        assertThat(Amount.of(200).plus(Amount.of(50))).isEqualTo(Amount.of(250));
        assertThat(Amount.of(200).minus(Amount.of(200))).isEqualTo(Amount.ZERO);
        assertThat(Amount.of(Long.MAX_VALUE - 1).plus(Amount.of(1)).units()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldThrowArithmeticExceptionWhenAPlusOverflows() {
        assertThatThrownBy(() -> Amount.of(Long.MAX_VALUE).plus(Amount.of(1))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void shouldThrowArithmeticExceptionWhenAMinusGoesBelowZero() {
        assertThatThrownBy(() -> Amount.of(1).minus(Amount.of(2))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Amount.of(-1)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void shouldClampMinusOrZeroAndCompare() {
        assertThat(Amount.of(5).minusOrZero(Amount.of(7))).isEqualTo(Amount.ZERO);
        assertThat(Amount.of(7).minusOrZero(Amount.of(5))).isEqualTo(Amount.of(2));
        assertThat(Amount.of(3).min(Amount.of(4))).isEqualTo(Amount.of(3));
        assertThat(Amount.of(3).max(Amount.of(4))).isEqualTo(Amount.of(4));
        assertThat(Amount.of(4).exceeds(Amount.of(3))).isTrue();
        assertThat(Amount.of(3).exceeds(Amount.of(3))).isFalse();
        assertThat(Amount.of(3)).isLessThan(Amount.of(4));
        assertThat(Amount.ZERO.isZero()).isTrue();
    }
}
