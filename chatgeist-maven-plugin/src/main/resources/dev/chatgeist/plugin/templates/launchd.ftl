<#--
  Shared body of the launchd agents (imported by the com.chatgeist.*.plist.ftl templates).
  Values are XML-escaped automatically. Keys: see `man launchd.plist`.
-->
<#macro agent label args outLog interval=0 calendar=[] keepAlive=false runAtLoad=false background=true>
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>${label}</string>
	<key>ProgramArguments</key>
	<array>
<#list args as arg>
		<string>${arg}</string>
</#list>
	</array>
	<key>WorkingDirectory</key>
	<string>${host.appDir}</string>
	<key>EnvironmentVariables</key>
	<dict>
		<key>PATH</key>
		<string>${launchdPath}</string>
		<key>CHATGEIST_HOME</key>
		<string>${host.appDir}</string>
		<key>CHATGEIST_JAVA</key>
		<string>${host.java}</string>
	</dict>
<#if interval gt 0>
	<key>StartInterval</key>
	<integer>${interval?c}</integer>
</#if>
<#if calendar?has_content>
	<key>StartCalendarInterval</key>
	<array>
<#list calendar as entry>
		<dict>
<#list entry as key, value>
			<key>${key}</key>
			<integer>${value?c}</integer>
</#list>
		</dict>
</#list>
	</array>
</#if>
	<key>RunAtLoad</key>
	<#if runAtLoad><true/><#else><false/></#if>
<#if keepAlive>
	<key>KeepAlive</key>
	<true/>
	<key>ThrottleInterval</key>
	<integer>30</integer>
</#if>
	<key>ProcessType</key>
	<string><#if background>Background<#else>Standard</#if></string>
	<key>StandardOutPath</key>
	<string>${outLog}</string>
	<key>StandardErrorPath</key>
	<string>${outLog}</string>
</dict>
</plist>
</#macro>
