# The job gate for amd64 engines (see org.coophive.executor.docker.JobGate).
# argv: gate CANDIDATE... -- ARGV0 ARG...
# Reads one byte from stdin; on EOF or an error it blocks forever (pause) and the job never runs.
# With the byte: stdin becomes /dev/null, then execve(CANDIDATE, ARGV0 ARG..., environ) for each
# candidate in turn (the first that runs replaces the gate: same PID, user, limits, environment);
# when none runs it writes one line to stderr and exits 127.
# Build: as --64 -o gate.o gate-amd64.s && objcopy -O binary -j .text gate.o gate.bin
        .intel_syntax noprefix
        .text
        .globl _start
_start:
        mov rbx, rsp                    # argc, argv..., 0, envp..., 0
        sub rsp, 16                     # one byte of buffer
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
        mov eax, 34                     # pause, for ever: the job never runs
        syscall
        jmp park
go:
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
