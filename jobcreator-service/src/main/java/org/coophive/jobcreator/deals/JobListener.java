package org.coophive.jobcreator.deals;

/** Told about each phase a job reaches, on the engine's thread: must return quickly. */
@FunctionalInterface
public interface JobListener {

    void onPhase(Job job, PhaseEvent event);
}
