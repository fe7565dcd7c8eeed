/**
 * Tag lists as AWS takes them: at most 50, keys 1–128 and values 0–256 characters, no `aws:`
 * prefix, unique keys.
 */
import { SluiceError } from '../../model/errors.ts';
import type { Tag } from '../../engine/state.ts';

export const MAX_TAGS = 50;

export function checkTags(tags: Tag[]): Tag[] {
  if (tags.length > MAX_TAGS) throw new SluiceError('TooManyTagsException', `A resource can have at most ${MAX_TAGS} tags`);
  const reserved = tags.find((t) => t.key.toLowerCase().startsWith('aws:'));
  if (reserved) throw new SluiceError('InvalidTagsException', `Tag key '${reserved.key}' uses the reserved prefix aws:`);
  const keys = new Set<string>();
  for (const tag of tags) {
    if (keys.has(tag.key)) throw new SluiceError('InvalidTagsException', `Tag key '${tag.key}' appears more than once`);
    keys.add(tag.key);
  }
  return tags;
}
