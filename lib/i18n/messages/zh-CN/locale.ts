const locale = { switch: 'English', label: '语言' };

export default locale;
