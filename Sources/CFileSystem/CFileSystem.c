#define _GNU_SOURCE
#include "CFileSystem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

int docgen_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#elif defined(__APPLE__)
    return renamex_np(first, second, RENAME_SWAP);
#else
    (void)first;
    (void)second;
    errno = ENOSYS;
    return -1;
#endif
}

#include <sys/types.h>
#include <unistd.h>

long long docgen_copy_range(int from, long long offset, int to, long long length) {
    long long copied = 0;
#if defined(__linux__)
    // In the kernel, without copying through this process; falls back below where it cannot.
    while (copied < length) {
        loff_t at = (loff_t)(offset + copied);
        ssize_t done = copy_file_range(from, &at, to, NULL, (size_t)(length - copied), 0);
        if (done < 0) {
            if (errno == EINTR) continue;
            if (copied == 0 && (errno == ENOSYS || errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP)) break;
            return -1;
        }
        if (done == 0) return copied;
        copied += done;
    }
    if (copied == length) return copied;
#endif
    char buffer[65536];
    while (copied < length) {
        long long want = length - copied < (long long)sizeof buffer ? length - copied : (long long)sizeof buffer;
        ssize_t got = pread(from, buffer, (size_t)want, (off_t)(offset + copied));
        if (got < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (got == 0) return copied;
        ssize_t written = 0;
        while (written < got) {
            ssize_t step = write(to, buffer + written, (size_t)(got - written));
            if (step < 0) {
                if (errno == EINTR) continue;
                return -1;
            }
            written += step;
        }
        copied += got;
    }
    return copied;
}
