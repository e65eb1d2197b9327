import 'server-only';
import { getEnv } from '../env';
import { FieldCipher } from './field';

let cipher: FieldCipher | undefined;

export function getCipher(): FieldCipher {
  const { pii } = getEnv();
  cipher ??= new FieldCipher(pii.keys, pii.activeKeyId, pii.blindIndexKey);
  return cipher;
}

export { FieldCipher };
