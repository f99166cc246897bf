package org.capsnet.data;

import java.io.Serializable;

/**
 * One MultiMNIST pair: indices of the two source digits in their split and each digit's integer shift
 * (dx right, dy down) applied after padding to the canvas.
 */
public record PairSpec(int first, int second, int dx1, int dy1, int dx2, int dy2) implements Serializable {}
