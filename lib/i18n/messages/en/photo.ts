import type { Messages } from '../zh-CN';

const photo: Messages['photo'] = {
  title: 'ID photos',
  intro: 'Photograph the original document in good light: all four corners visible, text sharp, no glare. Location data is removed from photos before upload.',
  chooseType: 'Choose the ID document type first.',
  kinds: { id_front: 'Front (photo side)', id_back: 'Back', passport_data: 'Passport data page' },
  take: 'Take photo',
  album: 'Choose from album',
  chosen: 'chosen, sent with the form',
  retake: 'Retake',
  mustRetake: 'Retake needed',
  empty: 'Not uploaded yet',
  compressing: 'Preparing the photo…',
  uploading: 'Uploading {percent}%',
  checking: 'Checking the photo…',
  done: 'Uploaded',
  alt: 'Thumbnail of the {kind}',
  errors: {
    notImage: 'This is not a photo. Take a picture, or choose a JPG or PNG image from your album.',
    tooLarge: 'The photo is too large (over 12 MB). Take it again or choose a smaller image.',
    corrupt: 'The photo file is damaged or incomplete. Please take it again.',
    heic: 'This HEIC photo cannot be read. On an iPhone set Settings › Camera › Formats to “Most Compatible” and retake it, or upload a screenshot of the photo.',
    tooSmall: 'The photo’s resolution is too low to read the document. Move closer and take it again.',
    tooManyPixels: 'The photo has too many pixels to process. Take it with your phone’s camera and upload that.',
    empty: 'The photo file is empty. Take or choose it again.',
    network: 'The connection dropped and the photo did not upload. Your form is kept; take or choose the photo again in a moment.',
    notFound: 'This photo could not be found. Please upload it again.',
    notUploaded: 'The photo did not finish uploading. Take or choose it again.',
    uploadExpired: 'The upload link expired before the photo arrived. Take or choose it again.',
    rejected: 'This photo did not pass the checks. Please take it again.',
    required: 'Take or upload this photo.',
    retake: 'This photo was returned: take it again before submitting.',
    failed: 'The photo could not be uploaded. Please try again.',
  },
};

export default photo;
