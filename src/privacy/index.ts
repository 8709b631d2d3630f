/** Personal data protection: encryption at rest with a lookup hash, and masking for display. */
export { PersonalDataCipher, resolveDataKey } from './cipher';
export { maskPhone } from './masking/phone-masking';
export { MASKED_ADDRESS, maskPersonalDataInText } from './masking/text-masking';
