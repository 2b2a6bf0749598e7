/* Real preview1 command: clang --target=wasm32-wasi (Debian wasi-libc). */
#include <stdio.h>

int main(void)
{
    puts("hello from wasmlint fixtures");
    return 0;
}
