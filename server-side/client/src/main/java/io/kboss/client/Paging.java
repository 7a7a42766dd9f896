package io.kboss.client;

/** How many items a list call asks for at once: CloudStack's default page size. */
final class Paging {
    static final int PAGE_SIZE = 500;

    private Paging() {
    }
}
