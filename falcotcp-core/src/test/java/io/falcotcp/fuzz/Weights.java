package io.falcotcp.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A weighted random choice among a few values.
 * @param <T> the type of the values
 */
final class Weights<T> {

    private final List<T> values = new ArrayList<>();

    private final List<Integer> cumulative = new ArrayList<>();

    private int total;

    Weights<T> add(T value, int weight) {
        this.total += weight;
        this.values.add(value);
        this.cumulative.add(this.total);
        return this;
    }

    T pick(Random random) {
        int roll = random.nextInt(this.total);
        int index = 0;
        while (this.cumulative.get(index) <= roll) {
            index++;
        }
        return this.values.get(index);
    }

}
