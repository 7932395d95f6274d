/* syncfs(2): Glibc declares it only under _GNU_SOURCE, which Swift's Glibc module does not set. */
#if defined(__linux__)
int syncfs(int fd);
#endif
