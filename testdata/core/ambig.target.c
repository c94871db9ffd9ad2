/* Target BTF for ambig.c: flavors of 'agree' with b at the same offset, and
 * flavors of 'amb' with b at different offsets. */
struct agree___1 { int a; int b; long c; };
struct agree___2 { int z; int b; };
struct amb___1 { int a; int b; };
struct amb___2 { int b; int a; };

struct holder { struct agree___1 a; struct agree___2 b; struct amb___1 c; struct amb___2 d; };

void target_types(struct holder *h) {}
