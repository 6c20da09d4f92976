<#-- The bot kept running by launchd (KeepAlive), for users who want it instead of starting it by hand. -->
<#import "launchd.ftl" as launchd>
<@launchd.agent label=bot.label args=bot.args outLog=bot.outLog keepAlive=true runAtLoad=true background=false/>
