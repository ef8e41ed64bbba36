package org.outagepredictor.simulate;

import static org.apache.flink.util.Preconditions.checkState;

/**
 * A binary min-heap of device slots keyed by the time of each device's next step, ties broken by
 * slot so the order is fully deterministic. Two primitive arrays instead of a {@code PriorityQueue}
 * of boxed entries keep a million devices cheap; the simulator only ever looks at the top and then
 * moves it, so updating the top in place is the one operation it needs.
 */
final class DeviceQueue {

    private final double[] keys;
    private final int[] slots;
    private int size;

    DeviceQueue(int capacity) {
        keys = new double[capacity];
        slots = new int[capacity];
    }

    void add(int slot, double key) {
        checkState(size < keys.length, "queue is full at %s devices", size);
        int position = size++;
        while (position > 0) {
            int parent = (position - 1) >>> 1;
            if (!before(key, slot, keys[parent], slots[parent])) {
                break;
            }
            keys[position] = keys[parent];
            slots[position] = slots[parent];
            position = parent;
        }
        keys[position] = key;
        slots[position] = slot;
    }

    /** The slot with the smallest key. */
    int topSlot() {
        checkState(size > 0, "queue is empty");
        return slots[0];
    }

    /** Gives the top slot a new key and moves it to where that key belongs. */
    void updateTop(double key) {
        checkState(size > 0, "queue is empty");
        int slot = slots[0];
        int position = 0;
        int firstLeaf = size >>> 1;
        while (position < firstLeaf) {
            int child = 2 * position + 1;
            int right = child + 1;
            if (right < size && before(keys[right], slots[right], keys[child], slots[child])) {
                child = right;
            }
            if (!before(keys[child], slots[child], key, slot)) {
                break;
            }
            keys[position] = keys[child];
            slots[position] = slots[child];
            position = child;
        }
        keys[position] = key;
        slots[position] = slot;
    }

    private static boolean before(double key, int slot, double otherKey, int otherSlot) {
        return key < otherKey || (key == otherKey && slot < otherSlot);
    }
}
