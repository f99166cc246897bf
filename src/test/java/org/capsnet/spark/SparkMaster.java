package org.capsnet.spark;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The master a {@link SharedSparkContext} test class runs on (default local[2]). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface SparkMaster {
    String value();
}
