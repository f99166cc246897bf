/**
 * The capsule maths, independent of any framework glue: squash, routing-by-agreement, margin loss.
 * Each piece has a forward and a hand-written backward on ND4J ops over the whole batch. Depends on ND4J only.
 */
package org.capsnet.capsule;
