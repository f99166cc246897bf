/**
 * The maths of matrix capsules with EM routing (Hinton, Sabour and Frosst, ICLR 2018): votes from 4x4 poses,
 * receptive fields of convolutional capsules, coordinate addition, EM routing and the spread loss, each with a
 * forward and a hand-written backward on ND4J ops over the whole batch. Depends on ND4J only.
 */
package org.capsnet.capsule.em;
