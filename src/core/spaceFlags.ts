// Trials recorded under other annotations are flagged, not lost (docs/library.md); the sampler learns only from those
// inside the current space.
import { outsideSpace, type Space } from "./space";
import type { Trial } from "./types";

/** Flags each trial once, when it first appears (or again if the space or the list is replaced): an ask costs the
 * same at any size. */
export class OutsiderFlags {
  /** The trials inside the space, oldest first (a live list: samplers only read it). */
  readonly inSpace: Trial[] = [];
  private flagged = 0;
  private space?: Space;
  private list?: readonly Trial[];

  update(space: Space, all: readonly Trial[]): void {
    if (this.space !== space || this.list !== all) {
      this.space = space;
      this.list = all;
      this.flagged = 0;
      this.inSpace.length = 0;
    }
    for (; this.flagged < all.length; this.flagged++) {
      const t = all[this.flagged];
      const why = outsideSpace(space, t.params);
      if (why) t.outsideSpace = why;
      else {
        delete t.outsideSpace;
        this.inSpace.push(t);
      }
    }
  }
}
