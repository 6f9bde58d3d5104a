/**
 * Modules: turns a module reference (a catalogue shortcut such as {@code cowsay:v0.0.1}, a git
 * repository at a tag, branch or commit, or a local folder) and the user's inputs into a {@link
 * org.coophive.executor.JobSpec}. Entry point: {@link org.coophive.executor.module.ModuleLoader}.
 * The module file format is described in {@code executor/MODULES.md}.
 */
package org.coophive.executor.module;
