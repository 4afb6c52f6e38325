#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A known file workload, for file_test.sh.

file_ops.py DIR OTHER PIDFILE

Writes its pid to PIDFILE, then makes exactly these calls under DIR
(each a single syscall: os.* calls them directly), and the same open,
read and close on OTHER, which is under no prefix; prints the fds.
"""

import os
import sys

d, other = sys.argv[1], sys.argv[2]
with open(sys.argv[3], "w") as f:
    f.write("%d\n" % os.getpid())
path = os.path.join(d, "data")
fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)  # openat
os.write(fd, b"hello trace")                    # write 11
os.pread(fd, 5, 6)                              # pread64 5
os.fstat(fd)                                    # newfstatat(AT_EMPTY_PATH)
os.ftruncate(fd, 4)                             # ftruncate
os.close(fd)                                    # close
rfd = os.open(path, os.O_RDONLY)                # openat
try:
    os.write(rfd, b"x")                         # write, -EBADF
except OSError:
    pass
os.close(rfd)                                   # close
os.stat(path)                                   # newfstatat
os.truncate(path, 2)                            # truncate
os.rename(path, path + ".new")                  # rename
os.mkdir(os.path.join(d, "sub"))                # mkdir
os.rmdir(os.path.join(d, "sub"))                # rmdir
os.unlink(path + ".new")                        # unlink
try:
    os.unlink(path + ".gone")                   # unlink, -ENOENT
except FileNotFoundError:
    pass
ofd = os.open(other, os.O_RDONLY)
os.read(ofd, 4)
os.close(ofd)
print(fd, rfd, ofd)
