/**
 * The command line: one command class per verb, shared options as mixins. Only CapsNetMain calls System.exit.
 */
package org.capsnet.cli;
