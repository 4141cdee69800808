/**
 * The installer's documented exit codes and the interface through which a failure type declares its own.
 * It depends on nothing, so every package can name its code without depending on the command line.
 */
package dev.gni.exit;
