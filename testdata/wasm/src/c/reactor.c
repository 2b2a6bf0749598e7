/* Real preview1 reactor: clang --target=wasm32-wasi -mexec-model=reactor.
 * `greet` is lifted as the world-level export of src/wit/c-reactor. */
#include <stdio.h>

__attribute__((export_name("greet")))
int greet(int x)
{
    printf("greet(%d)\n", x);
    return x + 1;
}
