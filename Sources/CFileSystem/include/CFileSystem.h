// System calls Swift cannot reach directly (no Glibc wrapper in Swift's module map, or variadic).
#ifndef DOCGEN_CFILESYSTEM_H
#define DOCGEN_CFILESYSTEM_H

/// Swaps two paths in one step (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np RENAME_SWAP).
/// Returns 0 on success, -1 with errno set otherwise (ENOSYS/EINVAL where the system cannot).
int docgen_exchange_paths(const char *first, const char *second);

/// Appends `length` bytes of `from` starting at `offset` to `to` (at its current position): in the kernel
/// with copy_file_range on Linux, else through a buffer. Returns the bytes copied, or -1 with errno set.
long long docgen_copy_range(int from, long long offset, int to, long long length);

#endif
