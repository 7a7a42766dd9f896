package io.kboss.agent.disk.domain;

/** Progress of a quick restore: the VM runs first, consolidation follows. */
public interface QuickRestoreListener extends ProgressListener {
    QuickRestoreListener NONE = new QuickRestoreListener() {
        @Override
        public void vmStarted() {
        }

        @Override
        public void progress(long done, long total) {
        }
    };

    /** The VM runs on its overlays; from here the restore is usable and only consolidation remains. */
    void vmStarted();
}
