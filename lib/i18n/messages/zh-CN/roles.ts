const roles = {
  student: '学生',
  reviewer: '审核员',
  registrar: '学籍/核验办公室',
  office: '业务部门（只读）',
  auditor: '审计员',
  admin: '系统管理员',
  counsellor: '辅导员',
};

export default roles;
