# The job gate for amd64 engines (see org.coophive.executor.docker.JobGate).
# argv: gate CANDIDATE... -- ARGV0 ARG...
# Reads one byte from stdin; on EOF or an error it blocks forever (pause) and the job never runs.
# With the byte it renames itself (argv[0] "/.coophive/gate" becomes "/.coophive/open", what the
# engine's top shows) and forks. The child makes /dev/null its stdin, then execve(CANDIDATE,
# ARGV0 ARG..., environ) for each candidate in turn (the first that runs is the job); when none
# runs it writes one line to stderr and exits 127. The gate waits for the child (reaping any
# orphan of the job meanwhile), then writes the end mark "\n\0coophive-gate SSSS\n" (SSSS: the
# child's wait status, 4 lowercase hex digits) to stdout and to stderr, after everything the job
# wrote there, and blocks forever: the container, and the outputs volume it mounts, stay up until
# the executor has collected them.
# Build: as --64 -o gate.o gate-amd64.s && objcopy -O binary -j .text gate.o gate.bin
        .intel_syntax noprefix
        .text
        .globl _start
_start:
        mov rbx, rsp                    # argc, argv..., 0, envp..., 0
        sub rsp, 64                     # [rsp]: a byte, then the wait status; [rsp+16]: the mark
read:
        xor eax, eax                    # read(0, buf, 1)
        xor edi, edi
        mov rsi, rsp
        mov edx, 1
        syscall
        cmp rax, 1
        je go
        cmp rax, -4                     # EINTR: read again
        je read
park:
        mov eax, 34                     # pause, for ever
        syscall
        jmp park
go:
        mov rsi, [rbx + 8]              # argv[0]: "/.coophive/gate" -> "/.coophive/open"
        cmp dword ptr [rsi + 11], 0x65746167
        jne fork
        cmp byte ptr [rsi + 15], 0
        jne fork
        mov dword ptr [rsi + 11], 0x6e65706f
fork:
        mov eax, 57                     # fork()
        syscall
        test rax, rax
        jz child
        mov dword ptr [rsp], 0x7e00     # exit status 126 unless the child's is known
        js nofork
        mov r12, rax                    # the job's pid
reap:
        mov eax, 61                     # wait4(-1, &status, 0, NULL)
        mov rdi, -1
        mov rsi, rsp
        xor edx, edx
        xor r10d, r10d
        syscall
        cmp rax, r12
        je ended
        cmp rax, -10                    # ECHILD: nothing left to wait for
        je ended
        jmp reap                        # an orphan of the job, or EINTR
nofork:
        mov eax, 1                      # write(2, message, length)
        mov edi, 2
        lea rsi, [rip + nostart]
        mov edx, nostart_end - nostart
        syscall
ended:
        lea rdi, [rsp + 16]             # the mark: its prefix, 4 hex digits, a newline
        lea rsi, [rip + mark]
        mov ecx, mark_end - mark
        rep movsb
        mov eax, [rsp]
        lea r8, [rip + digits]
        mov ecx, 4
hex:
        rol ax, 4
        mov edx, eax
        and edx, 15
        mov dl, [r8 + rdx]
        mov [rdi], dl
        inc rdi
        dec ecx
        jnz hex
        mov byte ptr [rdi], 10
        inc rdi
        lea rsi, [rsp + 16]
        mov r13, rdi
        sub r13, rsi                    # its length
        mov eax, 1                      # write(1, mark, length)
        mov edi, 1
        mov rdx, r13
        syscall
        mov eax, 1                      # write(2, mark, length)
        mov edi, 2
        lea rsi, [rsp + 16]
        mov rdx, r13
        syscall
        jmp park
child:
        mov eax, 3                      # close(0)
        xor edi, edi
        syscall
        mov eax, 2                      # open("/dev/null", O_RDONLY): fd 0 again
        lea rdi, [rip + devnull]
        xor esi, esi
        xor edx, edx
        syscall
        mov rcx, [rbx]                  # argc
        lea r13, [rbx + 8]              # argv
        lea r14, [r13 + rcx*8 + 8]      # envp
        mov r15d, 1
find:                                   # r15: the index of "--"
        mov rsi, [r13 + r15*8]
        test rsi, rsi
        jz fail
        cmp word ptr [rsi], 0x2d2d
        jne next
        cmp byte ptr [rsi + 2], 0
        je found
next:
        inc r15
        jmp find
found:
        lea rbp, [r13 + r15*8 + 8]      # the job's argv
        cmp qword ptr [rbp], 0
        je fail
        mov r12d, 1
try:
        cmp r12, r15
        jae fail
        mov rdi, [r13 + r12*8]          # execve(candidate, job argv, envp)
        mov rsi, rbp
        mov rdx, r14
        mov eax, 59
        syscall
        inc r12
        jmp try
fail:
        mov eax, 1                      # write(2, message, length)
        mov edi, 2
        lea rsi, [rip + message]
        mov edx, message_end - message
        syscall
        mov eax, 231                    # exit_group(127)
        mov edi, 127
        syscall
devnull:
        .asciz "/dev/null"
message:
        .ascii "coophive gate: the module's command was not found or cannot be run\n"
message_end:
nostart:
        .ascii "coophive gate: cannot start the module's command\n"
nostart_end:
mark:
        .ascii "\n\0coophive-gate "
mark_end:
digits:
        .ascii "0123456789abcdef"
