package dev.purser.ledger;

import dev.purser.schemas.Amount;

/** What a budget has committed and reserved in one window. */
public record Balance(Amount committed, Amount reserved) {
    public static final Balance EMPTY = new Balance(Amount.ZERO, Amount.ZERO);

    public Balance hold(Amount amount) {
        return new Balance(committed, reserved.plus(amount));
    }

    public Balance unhold(Amount amount) {
        return new Balance(committed, reserved.minus(amount));
    }

    public Balance charge(Amount amount) {
        return new Balance(committed.plus(amount), reserved);
    }

    public Balance uncharge(Amount amount) {
        return new Balance(committed.minus(amount), reserved);
    }

    /**
     * {@code limit - committed - reserved - debt}; may be negative after a limit was lowered.
     * Saturates at {@code Long.MIN_VALUE} rather than wrapping.
     */
    public long available(Amount limit, Amount debt) {
        try {
            return Math.subtractExact(Math.subtractExact(Math.subtractExact(limit.units(), committed.units()),
                    reserved.units()), debt.units());
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }
}
